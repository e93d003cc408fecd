import { ConfigError, loadConfig, type HubConfig } from '../config';

/**
 * How every command of src/cli starts: --help prints its usage, and the exit code is main's (2 for a usage or
 * configuration error, by the commands' convention); anything thrown is printed and exits 1.
 */
export function runCommand(usage: string, main: (argv: string[]) => Promise<number>): void {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usage);
    process.exit(0);
  }
  main(argv).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}

/** The configuration from the environment, or null after printing why it is not valid (the command exits 2). */
export function commandConfig(): HubConfig | null {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return null;
  }
}
