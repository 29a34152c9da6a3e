import { LoadShedder } from './load-shedder';

describe('LoadShedder', () => {
  it('is off, and takes everything, when GATEWAY_MAX_IN_FLIGHT is 0', () => {
    const shedder = new LoadShedder(0);
    expect(shedder.enabled).toBe(false);
    for (let i = 0; i < 10_000; i += 1) expect(shedder.admit()).toBe(true);
  });

  it('refuses requests beyond the bound until one ends', () => {
    const shedder = new LoadShedder(2);
    expect(shedder.enabled).toBe(true);
    expect([shedder.admit(), shedder.admit(), shedder.admit()]).toEqual([true, true, false]);
    expect(shedder.current).toBe(2);
    shedder.release();
    expect(shedder.admit()).toBe(true);
    expect(shedder.admit()).toBe(false);
  });

  it('never counts below zero when releases outnumber admissions', () => {
    const shedder = new LoadShedder(1);
    shedder.release();
    shedder.release();
    expect(shedder.admit()).toBe(true);
    expect(shedder.admit()).toBe(false);
  });
});
