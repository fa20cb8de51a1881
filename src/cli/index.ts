import { main } from './main.js';

void main(); // main() reports every error itself and sets the exit code
