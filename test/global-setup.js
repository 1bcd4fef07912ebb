// Tests that load the Apps Script bundle or run the CLI need dist/ from this very source tree.
const { execFileSync } = require('child_process');

module.exports = async () => {
  execFileSync(process.execPath, ['src/build/build.mjs'], { stdio: 'inherit' });
};
