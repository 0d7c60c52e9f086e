// Runs Verdaccio for the registry test, in its own process so the test can always stop it.
// Reads its settings as JSON from the first argument, listens on a free loopback port, and prints
// {"port": N} once it is listening. It exits when told (SIGTERM) or when its parent goes away
// (stdin closes), so a crashed test run never leaves a registry behind.
import verdaccio from 'verdaccio';

const { runServer } = verdaccio;

async function main() {
  const { storage, htpasswd, uplink, ours } = JSON.parse(process.argv[2]);
  const local = { access: '$all', publish: '$authenticated', unpublish: '$authenticated' };
  const config = {
    self_path: storage,
    storage,
    auth: { htpasswd: { file: htpasswd, max_users: 10 } },
    // Third-party dependencies come from the registry this machine's npm uses, as the test read
    // it; the project's own packages never do: only what the test published can be installed.
    // maxage: metadata fetched once per run, not again for each of the test's installs.
    uplinks: {
      upstream: {
        url: uplink,
        timeout: '60s',
        max_fails: 5,
        maxage: '30m',
        agent_options: { keepAlive: true, maxSockets: 32 },
      },
    },
    packages: {
      ...Object.fromEntries(ours.map((pattern) => [pattern, local])),
      '**': { ...local, proxy: 'upstream' },
    },
    web: { enable: false },
    log: { type: 'stdout', format: 'json', level: 'error' },
    max_body_size: '50mb',
  };
  const proxy = process.env.HTTPS_PROXY ?? process.env.https_proxy;
  if (proxy) config.https_proxy = proxy;
  const server = await runServer(config);
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
  });
  const stop = () => server.close(() => process.exit(0)) && setTimeout(() => process.exit(0), 2000).unref();
  process.on('SIGTERM', stop);
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.resume();
}

main().catch((error) => {
  process.stderr.write(`registry-server: ${error?.stack ?? error}\n`);
  process.exit(1);
});
