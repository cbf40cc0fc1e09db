export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { boot } = await import('./lib/boot');
    try {
      boot();
    } catch (err) {
      // A bad environment (say, the example admin password) stops the server with its message instead
      // of leaving it up answering 500s.
      if (err instanceof Error && err.name === 'ConfigError') {
        console.error(err.message);
        process.exit(1);
      }
      throw err;
    }
    // scripts/start.mjs hands every request to it before Next: overload protection, the hot operations.
    const { installFrontDoor } = await import('./lib/http/front-door');
    installFrontDoor();
    // …and every HTTP upgrade: the terminal's WebSocket (lib/http/terminal-upgrade.ts).
    const { installTerminalUpgrade } = await import('./lib/http/terminal-upgrade');
    installTerminalUpgrade();
  }
}
