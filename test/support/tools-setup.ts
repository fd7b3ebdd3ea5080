// vitest setupFiles: lets needTool() skip the test that is running.
import { trackCurrentTest } from './tools.ts';

trackCurrentTest();
