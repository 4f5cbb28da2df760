// Throughput samples, interleaved: every figure is sampled in every round, so a slow stretch
// (a GC of an earlier stage's garbage, a JIT tier-up) falls on all of them alike instead of on
// whichever ran at that moment. Time is this process's CPU time, not the wall clock: on a
// machine where other processes compete for the cores, the wall clock counts the time the
// scheduler gave them, and one figure could come out several times slower than the next for
// that alone.

/** CPU time this process has used (user and system, every thread: the GC's helpers too), in ms. */
const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** Runs `fn` over `inputs`, whole passes, until at least `minMs` of CPU time passed; returns items per CPU second. */
export const itemsPerSecond = <T>(inputs: readonly T[], fn: (input: T) => unknown, minMs: number): number => {
  let items = 0;
  let sink = 0;
  const start = cpuMs();
  let elapsedMs = 0;
  while (elapsedMs < minMs) {
    for (const input of inputs) {
      if (fn(input) !== undefined) sink++;
    }
    items += inputs.length;
    elapsedMs = cpuMs() - start;
  }
  // Keeps the results observable, so the JIT cannot drop the calls.
  if (sink < 0) console.log(sink);
  return (items / elapsedMs) * 1000;
};

/** One figure to sample: a warm-up, then `sample()` returns a rate each time it is called. */
export interface Sampler {
  warmUp(): void;
  sample(): number;
}

/** A {@link Sampler} of `fn` over `inputs`: items per CPU second over `sampleMs`, after `warmUpMs` of the same. */
export const rateSampler = <T>(inputs: readonly T[], fn: (input: T) => unknown, sampleMs: number, warmUpMs = sampleMs): Sampler => ({
  warmUp: () => void itemsPerSecond(inputs, fn, warmUpMs),
  sample: () => itemsPerSecond(inputs, fn, sampleMs),
});

/**
 * Warms every sampler up, then samples each once per round for `rounds` rounds, the first of a
 * round rotating, so no figure always runs right after the same other one.
 */
export const sampleInterleaved = <K extends string>(samplers: Readonly<Record<K, Sampler>>, rounds: number): Record<K, number[]> => {
  const names = Object.keys(samplers) as K[];
  for (const name of names) samplers[name].warmUp();
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length] as K;
      samples[name].push(samplers[name].sample());
    }
  }
  return samples;
};
