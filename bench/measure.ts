/** Runs `fn` over the corpus until at least `minMs` passed; returns events per second. */
export const eventsPerSecond = (corpus: readonly unknown[], fn: (event: unknown) => unknown, minMs = 1500): number => {
  for (let i = 0; i < 3000; i++) fn(corpus[i % corpus.length]); // warm up the JIT
  let events = 0;
  let sink = 0;
  const start = process.hrtime.bigint();
  let elapsedMs = 0;
  while (elapsedMs < minMs) {
    for (const event of corpus) {
      if (fn(event) !== undefined) sink++;
    }
    events += corpus.length;
    elapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
  }
  if (sink < 0) console.log(sink);
  return (events / elapsedMs) * 1000;
};
