export interface RadarSeries {
  name: string;
  color: string;
  values: number[];
}

/** An SVG radar chart: one axis per dimension (0–1), one polygon per series. */
export function RadarChart(props: { axes: string[]; series: RadarSeries[]; size?: number }) {
  const size = props.size ?? 340;
  const center = size / 2;
  const radius = size / 2 - 60;
  const point = (axis: number, value: number) => {
    const angle = (Math.PI * 2 * axis) / props.axes.length - Math.PI / 2;
    return [
      center + Math.cos(angle) * radius * value,
      center + Math.sin(angle) * radius * value,
    ] as const;
  };
  const ring = (value: number) => props.axes.map((_, i) => point(i, value).join(',')).join(' ');
  return (
    <svg
      viewBox={`0 0 ${size} ${size}`}
      width={size}
      height={size}
      role="img"
      aria-label="Radar chart of the score dimensions"
    >
      {[0.25, 0.5, 0.75, 1].map((value) => (
        <polygon key={value} points={ring(value)} fill="none" stroke="var(--border)" />
      ))}
      {props.axes.map((label, i) => {
        const [x, y] = point(i, 1);
        const [lx, ly] = point(i, 1.22);
        return (
          <g key={label}>
            <line x1={center} y1={center} x2={x} y2={y} stroke="var(--border)" />
            <text
              x={lx}
              y={ly}
              fill="var(--muted)"
              fontSize="11"
              textAnchor="middle"
              dominantBaseline="middle"
            >
              {label}
            </text>
          </g>
        );
      })}
      {props.series.map((series) => (
        <polygon
          key={series.name}
          points={series.values
            .map((value, i) => point(i, Math.max(0, Math.min(1, value))).join(','))
            .join(' ')}
          fill={series.color}
          fillOpacity={0.18}
          stroke={series.color}
          strokeWidth={2}
        >
          <title>{series.name}</title>
        </polygon>
      ))}
    </svg>
  );
}
