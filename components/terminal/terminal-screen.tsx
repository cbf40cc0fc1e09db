'use client';

import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'react';
import { closeText, TERMINAL_PROTOCOL, terminalUrl } from './terminal-url';

type Status = { state: 'connecting' } | { state: 'open' } | { state: 'closed'; text: string };

/**
 * One terminal session: xterm.js (bytes in, bytes out, colours and UTF-8 as the shell sends them)
 * over the terminal WebSocket. Keystrokes go as binary frames, the size as a JSON text frame whenever
 * the panel's size changes. Copy: select, then Ctrl+Shift+C (or the browser's menu); paste: Ctrl+V or
 * Ctrl+Shift+V. The container's output is drawn by xterm as terminal text, never as HTML.
 */
export function TerminalScreen({ containerId, cmd }: { containerId: string; cmd: string[] }) {
  const host = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState<Status>({ state: 'connecting' });
  const command = cmd.join('\u0000');

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    let disposed = false;
    let cleanup = () => {};
    void (async () => {
      // xterm touches the DOM when it loads: only in the browser, after mount
      const [{ Terminal }, { FitAddon }] = await Promise.all([
        import('@xterm/xterm'),
        import('@xterm/addon-fit'),
      ]);
      if (disposed) return;
      const term = new Terminal({ cursorBlink: true, convertEol: false, fontSize: 13, scrollback: 5000 });
      const fit = new FitAddon();
      term.loadAddon(fit);
      term.open(el);
      fit.fit();
      term.attachCustomKeyEventHandler((e) => {
        const key = e.key.toLowerCase();
        if (e.type === 'keydown' && e.ctrlKey && e.shiftKey && key === 'c' && term.hasSelection()) {
          void navigator.clipboard?.writeText(term.getSelection());
          return false;
        }
        // let the browser paste (xterm sends what is pasted as input)
        if (e.ctrlKey && key === 'v') return false;
        return true;
      });
      const ws = new WebSocket(
        terminalUrl(window.location, containerId, command.split('\u0000'), {
          cols: term.cols,
          rows: term.rows,
        }),
        [TERMINAL_PROTOCOL],
      );
      ws.binaryType = 'arraybuffer';
      const encoder = new TextEncoder();
      ws.onopen = () => {
        setStatus({ state: 'open' });
        term.focus();
      };
      ws.onmessage = (e) => {
        if (e.data instanceof ArrayBuffer) term.write(new Uint8Array(e.data));
      };
      ws.onclose = (e) => setStatus({ state: 'closed', text: closeText(e.code, e.reason) });
      const input = term.onData((data) => {
        if (ws.readyState === WebSocket.OPEN) ws.send(encoder.encode(data));
      });
      const sized = term.onResize(({ cols, rows }) => {
        if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'resize', cols, rows }));
      });
      const observer = new ResizeObserver(() => fit.fit());
      observer.observe(el);
      cleanup = () => {
        observer.disconnect();
        input.dispose();
        sized.dispose();
        ws.close();
        term.dispose();
      };
    })();
    return () => {
      disposed = true;
      cleanup();
    };
  }, [containerId, command]);

  return (
    <div className="space-y-1">
      <div
        ref={host}
        data-testid="terminal-screen"
        className="h-[50vh] min-h-64 overflow-hidden rounded-md bg-black p-1"
      />
      <p
        className="text-xs text-zinc-500 dark:text-zinc-400"
        data-testid="terminal-status"
        data-state={status.state}
      >
        {status.state === 'connecting' ? 'Connecting…' : status.state === 'open' ? 'Connected' : status.text}
      </p>
    </div>
  );
}
