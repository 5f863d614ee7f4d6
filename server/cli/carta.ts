/** `npm run carta -- <command>`: the administration command line. */
import { auditCommand, auditHelp, auditHelpFor } from './audit-command.ts';
import { createCliContext, UsageError } from './cli-context.ts';
import { exportCommand, exportHelp } from './export-command.ts';
import { importCommand, importHelp } from './import-command.ts';
import { seedCommand, seedHelp } from './seed-command.ts';
import { tokenCommand, tokenHelp } from './token-command.ts';
import { userCommand, userHelp } from './user-command.ts';

/** `helpFor`: a command with subcommands answers `COMMAND SUB --help` with that subcommand's help. */
type Command = {
  run: (args: string[], ctx: ReturnType<typeof createCliContext>) => Promise<void>;
  help: string;
  helpFor?: (args: readonly string[]) => string;
  summary: string;
};

const COMMANDS: Record<string, Command> = {
  token: { run: tokenCommand, help: tokenHelp, summary: 'print a sign-in token and link for a person' },
  user: { run: userCommand, help: userHelp, summary: 'invite a member, auditor or admin (prints the invitation link)' },
  seed: { run: seedCommand, help: seedHelp, summary: 'create the database and load the constitution (once)' },
  export: { run: exportCommand, help: exportHelp, summary: 'write a document as Markdown or JSON' },
  audit: { run: auditCommand, help: auditHelp, helpFor: auditHelpFor, summary: 'check or export the tamper-evident audit log' },
  import: { run: importCommand, help: importHelp, summary: 'create a document from legal Markdown, or load sources from CSV/JSON' },
};

const USAGE = `Usage: npm run carta -- <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`)
  .join('\n')}

Run "npm run carta -- <command> --help" for a command's options.
Data lives in CARTA_DATA_DIR (default ./data).`;

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${USAGE}`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    console.log(command.helpFor?.(args) ?? command.help);
    return 0;
  }
  const ctx = createCliContext();
  try {
    await command.run(args, ctx);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`carta ${name}: ${(error as Error).message}\n\n${command.helpFor?.(args) ?? command.help}`);
      return 2;
    }
    console.error(`carta ${name} failed: ${(error as Error).message}`);
    return 1;
  } finally {
    await ctx.close();
  }
}

// A reader that stops early (`… | head -1`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
