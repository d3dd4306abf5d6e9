/**
 * Turns SIGINT/SIGTERM into a flag while files are staged, so that a command
 * can clean up and stop before it moves anything into place.
 */
export interface Interrupts {
  interrupted: () => boolean;
  stop: () => void;
}

export function watchInterrupts(): Interrupts {
  let received = false;
  const onSignal = (): void => {
    received = true;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    interrupted: () => received,
    stop: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
