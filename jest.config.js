/**
 * Three tiers (README "Tests"):
 *   unit   — `npm test`: needs nothing outside the repository (emulators are npm packages started by the tests).
 *   compat — needs ../shared (Iglu Central, MaxMind test DBs, uap-core cases, recorded tracker requests).
 *   e2e    — real browser tracker in Chromium + node tracker through Kinesis and S3 emulators.
 */
const transform = {
  '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
};
const common = {
  transform,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/cdk.out/'],
  // ESM-only packages pulled in by test-only dependencies (thrift → uuid) are compiled to CommonJS by swc.
  transformIgnorePatterns: ['/node_modules/(?!(.*/)?(uuid)/)'],
};
module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/**/*.test.ts'],
      testPathIgnorePatterns: [...common.testPathIgnorePatterns, '\\.compat\\.test\\.ts$', '\\.e2e\\.test\\.ts$'],
    },
    { ...common, displayName: 'compat', testMatch: ['<rootDir>/**/*.compat.test.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/**/*.e2e.test.ts'] },
  ],
};
