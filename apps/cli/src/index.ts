export { createProgram, runCli } from './run.js';
