// Preloaded by bench/run.mjs (NODE_OPTIONS=--require): reports the process's peak memory on exit.
process.on('exit', () => {
  process.stderr.write(`\nbench:maxrss-kb=${process.resourceUsage().maxRSS}\n`);
});
