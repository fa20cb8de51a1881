/** Kept equal to package.json's version by a test: reports carry it. */
export const VERSION = '0.1.0';
