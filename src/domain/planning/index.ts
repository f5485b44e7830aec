export * from './stats.js';
export * from './erlang.js';
export * from './forecast.js';
export * from './plan-capacity.js';
export * from './simulate.js';
export * from './handling.js';
export * from './calendar-shape.js';
