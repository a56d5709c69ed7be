// Entry point of the `pixelpilot` bin: runs the CLI and exits with its code.
import { main } from './main';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(70);
  },
);
