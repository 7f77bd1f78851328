// `zvh <command> …`: one entry point for the project's command-line tools. Each command module exports
// `run(args: string[]): Promise<number>` (the exit code); add a command with one line in `commands`.
interface CommandModule {
  run(args: string[]): Promise<number>;
}

const commands: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  audit: { summary: 'verify the hash chain of the audit log (audit verify)', load: () => import('./audit.js') },
  bewaartermijn: {
    summary: 'print the archiefdatum of a casus from its dates (SPEC §5)',
    load: () => import('./bewaartermijn.js'),
  },
  token: { summary: 'print a development bearer token from the local OIDC issuer', load: () => import('./token.js') },
};

async function main([name, ...args]: string[]): Promise<number> {
  const command = name === undefined ? undefined : commands[name];
  if (!command) {
    const list = Object.entries(commands).map(([n, c]) => `  ${n.padEnd(12)} ${c.summary}`);
    process.stderr.write(`usage: zvh <command> [options]\n\ncommands:\n${list.join('\n')}\n`);
    return name === undefined || name === 'help' || name === '--help' ? 0 : 2;
  }
  return (await command.load()).run(args);
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(`zvh: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
