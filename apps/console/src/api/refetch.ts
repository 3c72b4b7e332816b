/**
 * Snapshot fetches must not overlap, and a request for a fresh snapshot made while one is
 * running must not be lost (a reconnect during a fetch means that fetch may be too old).
 * `coalesce(fn)` runs fn at most once at a time and runs it once more if asked meanwhile.
 */
export function coalesce(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;

  const run = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await fn();
        } while (again);
      } finally {
        running = null;
      }
    })();
    return running;
  };
  return run;
}
