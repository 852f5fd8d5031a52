// The action runs on Node 24 (action.yml: runs.using node24), so the tests must too.
// `npm ci` installs Node 24 from the npm registry's `node` package as a devDependency,
// and npm scripts put node_modules/.bin first on PATH, so `npm test` runs on it.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(`Tests must run on Node 24 (this is Node ${process.versions.node}). Run "npm ci" first (it installs Node 24 as a devDependency), then "npm test".`);
  process.exit(1);
}
console.log(`Node ${process.versions.node}`);
