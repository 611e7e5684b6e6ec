/**
 * The code that runs inside the sandbox around the user's script: it builds Snowplow's `event` object (Java-bean
 * style `getApp_id()` / `setApp_id(v)` accessors, `drop()`, `eraseDerived_contexts()`), calls the user's
 * `process(event, params, headers)`, and returns one JSON string describing what changed. Only strings cross the
 * sandbox boundary: the host never hands an object of its own to the script.
 */

/** `RUN_FUNCTION(eventJson) → resultJson`; defined by the bootstrap inside the sandbox. */
export const RUN_FUNCTION = '__sleetRunProcess';

/** The bootstrap's source. `%FIELDS%` is replaced by the JSON list of accessor field names. */
const BOOTSTRAP = String.raw`
(function (global, fieldNames) {
  'use strict';
  var stringify = JSON.stringify;
  var parse = JSON.parse;
  var isArray = Array.isArray;
  // A bare reference also finds a top-level \`const process = …\` (script-scope bindings are shared by scripts).
  var userProcess = typeof process === 'function' ? process : undefined;
  if (typeof userProcess !== 'function') {
    throw new Error('the script must define a function process(event, params, headers)');
  }
  var params = global.__sleetParams;
  delete global.__sleetParams;
  function capitalise(name) { return name.charAt(0).toUpperCase() + name.slice(1); }
  function buildEvent(input, state) {
    var event = {};
    fieldNames.forEach(function (name) {
      var cap = capitalise(name);
      event['get' + cap] = function () { return Object.prototype.hasOwnProperty.call(state.set, name) ? state.set[name] : input.fields[name]; };
      event['set' + cap] = function (value) { state.set[name] = value === undefined ? null : value; };
    });
    event.drop = function () { state.drop = true; };
    event.eraseDerived_contexts = function () { state.erase = true; input.fields.derived_contexts = null; };
    return event;
  }
  Object.defineProperty(global, '${RUN_FUNCTION}', {
    value: function (eventJson) {
      var input = parse(eventJson);
      var state = { set: {}, drop: false, erase: false };
      var headers = input.headers;
      var output;
      try {
        output = userProcess(buildEvent(input, state), params, headers);
      } catch (err) {
        var message = err && typeof err === 'object' && 'message' in err ? String(err.message) : String(err);
        return stringify({ error: message });
      }
      if (output !== null && output !== undefined && !isArray(output)) {
        return stringify({ badOutput: Object.prototype.toString.call(output) });
      }
      return stringify({ contexts: output === undefined ? null : output, set: state.set, drop: state.drop, erase: state.erase });
    },
    enumerable: false,
    configurable: false,
    writable: false,
  });
})(globalThis, %FIELDS%);
`;

export function bootstrapSource(fieldNames: readonly string[]): string {
  return BOOTSTRAP.replace('%FIELDS%', JSON.stringify(fieldNames));
}
