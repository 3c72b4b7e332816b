/** Unit tests live next to the code (*.spec.ts); end-to-end tests in tests/ (*.e2e-spec.ts). */
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }] };
const moduleNameMapper = {
  '^@wachtpost/contracts$': '<rootDir>/libs/contracts/src/index.ts',
  '^@wachtpost/devices-sim$': '<rootDir>/devices-sim/src/index.ts',
};

module.exports = {
  // Only the end-to-end tests come near this: they wait for a hub restart and thousands of events.
  testTimeout: 120000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      moduleNameMapper,
      testMatch: [
        '<rootDir>/libs/*/src/**/*.spec.ts',
        '<rootDir>/apps/*/src/**/*.spec.ts',
        '<rootDir>/devices-sim/src/**/*.spec.ts',
      ],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      transform,
      moduleNameMapper,
      testMatch: ['<rootDir>/tests/**/*.e2e-spec.ts'],
      slowTestThreshold: 60,
    },
  ],
};
