/** Stops the services that global-setup started, drops the e2e database and the run's Redis keys. */
export default async function globalTeardown(): Promise<void> {
  await globalThis.__sluiceE2eStack?.stop();
  globalThis.__sluiceE2eStack = undefined;
}
