// Small stroke icons for the file tree toolbar (16×16, currentColor; decorative:
// the buttons carry the accessible names).
const common = {
  width: 16,
  height: 16,
  viewBox: '0 0 16 16',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 1.3,
  strokeLinecap: 'round',
  strokeLinejoin: 'round',
  'aria-hidden': true,
  focusable: false,
} as const;

export const NewFileIcon = () => (
  <svg {...common}>
    <path d="M9 1.5H4a1 1 0 0 0-1 1v11a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1V5.5z" />
    <path d="M9 1.5v4h4M8 8v4M6 10h4" />
  </svg>
);

export const NewFolderIcon = () => (
  <svg {...common}>
    <path d="M1.5 4a1 1 0 0 1 1-1h3.5l1.5 1.5h6a1 1 0 0 1 1 1v7a1 1 0 0 1-1 1h-11a1 1 0 0 1-1-1z" />
    <path d="M8 7v4M6 9h4" />
  </svg>
);

export const RenameIcon = () => (
  <svg {...common}>
    <path d="M11 2.5l2.5 2.5L6 12.5H3.5V10z" />
    <path d="M9.5 4l2.5 2.5" />
  </svg>
);

export const DeleteIcon = () => (
  <svg {...common}>
    <path d="M2.5 4h11M6 4V2.5h4V4M4 4l.7 9.5h6.6L12 4M6.8 6.5v5M9.2 6.5v5" />
  </svg>
);
