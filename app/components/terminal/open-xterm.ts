export type XTerm = InstanceType<typeof import('@xterm/xterm')['Terminal']>;

/**
 * An xterm in `element`, fitted to it and refitted when it resizes, with
 * Tandem's font and colours. xterm is imported here, in the browser only (call
 * it from an effect), so the server build never loads it. Resolves null when
 * `cancelled()` is true by the time xterm has loaded; `dispose` undoes it all.
 */
export async function openXterm(
  element: HTMLElement,
  options: { readOnly: boolean },
  cancelled: () => boolean,
): Promise<{ term: XTerm; dispose(): void } | null> {
  const [{ Terminal }, { FitAddon }] = await Promise.all([
    import('@xterm/xterm'),
    import('@xterm/addon-fit'),
  ]);
  if (cancelled()) return null;
  const term = new Terminal({
    cursorBlink: !options.readOnly,
    disableStdin: options.readOnly,
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
    fontSize: 13,
    scrollback: 5000,
    theme: { background: '#0f1115' },
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(element);
  fit.fit();
  const observer = new ResizeObserver(() => fit.fit());
  observer.observe(element);
  return {
    term,
    dispose: () => {
      observer.disconnect();
      term.dispose();
    },
  };
}
