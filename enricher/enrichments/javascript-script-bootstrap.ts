/**
 * The code that runs inside the sandbox around the user's script. `bootstrapSource` is evaluated first: it captures
 * the built-ins it relies on and defines two functions the host calls with a string and that return a string:
 * - `START_FUNCTION(source)` evaluates the user's script (indirect eval, so its declarations are global) followed by
 *   a binding step that finds its `process` (a function declaration or a top-level `const`); returns '' or the
 *   start-up error's message;
 * - `RUN_FUNCTION(eventJson)` builds Snowplow's `event` object (Java-bean style `getApp_id()` / `setApp_id(v)`
 *   accessors, `drop()`, `eraseDerived_contexts()`), calls `process(event, params, headers)` and describes the
 *   outcome as one JSON string.
 * Everything the script throws is caught and described inside the sandbox, within the time limit: no value of the
 * script's ever reaches the host (a thrown Proxy read by the host would run script code with no time limit).
 */

export const RUN_FUNCTION = '__sleetRunProcess';
export const START_FUNCTION = '__sleetStartScript';
const BIND_FUNCTION = '__sleetBindProcess';
/** The global the host sets to its input string before running `RUN_SOURCE` / `START_SOURCE` (node:vm engine). */
export const INPUT_GLOBAL = '__sleetInput';

/** Runs one event from `INPUT_GLOBAL` (for engines that call in through a script). */
export const RUN_SOURCE = `${RUN_FUNCTION}(${INPUT_GLOBAL})`;
/** Starts the user's script from `INPUT_GLOBAL`. */
export const START_SOURCE = `${START_FUNCTION}(${INPUT_GLOBAL})`;

const BOOTSTRAP = String.raw`
(function (global, fieldNames, paramsJson) {
  'use strict';
  var stringify = JSON.stringify;
  var parse = JSON.parse;
  var isArray = Array.isArray;
  var hasOwn = Object.prototype.hasOwnProperty;
  var toString = Object.prototype.toString;
  var defineProperty = Object.defineProperty;
  var indirectEval = eval;
  var params = parse(paramsJson);
  var userProcess;
  function capitalise(name) { return name.charAt(0).toUpperCase() + name.slice(1); }
  function describeError(err) {
    try {
      if (err !== null && typeof err === 'object' && 'message' in err) return String(err.message);
      return String(err);
    } catch (e) {
      return 'the script threw a value that cannot be described';
    }
  }
  // Accessors are defined once on a prototype; each call gets a fresh object bound to that call only.
  var current = null;
  function bound(self) {
    if (current === null || self !== current.event) throw new Error('the event object can only be used during its process() call');
    return current;
  }
  var proto = {};
  function accessors(name) {
    var cap = capitalise(name);
    proto['get' + cap] = function () {
      var c = bound(this);
      if (hasOwn.call(c.state.set, name)) return c.state.set[name];
      return hasOwn.call(c.fields, name) ? c.fields[name] : null;
    };
    proto['set' + cap] = function (value) { bound(this).state.set[name] = value === undefined ? null : value; };
  }
  for (var i = 0; i < fieldNames.length; i++) accessors(fieldNames[i]);
  proto.drop = function () { bound(this).state.drop = true; };
  proto.eraseDerived_contexts = function () { var c = bound(this); c.state.erase = true; c.fields.derived_contexts = null; };
  function run(eventJson) {
    try {
      if (typeof userProcess !== 'function') return stringify({ error: 'the script was not started' });
      var input = parse(eventJson);
      var state = { set: {}, drop: false, erase: false };
      current = { fields: input.fields, state: state, event: Object.create(proto) };
      var output = userProcess(current.event, params, input.headers);
      if (output !== null && output !== undefined && !isArray(output)) {
        return stringify({ badOutput: toString.call(output) });
      }
      return stringify({ contexts: output === undefined ? null : output, set: state.set, drop: state.drop, erase: state.erase });
    } catch (err) {
      return stringify({ error: describeError(err) });
    } finally {
      current = null;
    }
  }
  function start(source) {
    try {
      indirectEval(source + '\n;' + '${BIND_FUNCTION}(typeof process === "function" ? process : undefined);');
      return typeof userProcess === 'function' ? '' : 'the script must define a function process(event, params, headers)';
    } catch (err) {
      return describeError(err);
    }
  }
  function constant(name, value) {
    defineProperty(global, name, { value: value, enumerable: false, configurable: false, writable: false });
  }
  constant('${BIND_FUNCTION}', function (found) { if (userProcess === undefined) userProcess = found; });
  constant('${START_FUNCTION}', function (source) { return String(start(String(source))); });
  constant('${RUN_FUNCTION}', function (eventJson) { return String(run(String(eventJson))); });
})(globalThis, %FIELDS%, %PARAMS%);
`;

export function bootstrapSource(fieldNames: readonly string[], paramsJson: string): string {
  return BOOTSTRAP.replace('%FIELDS%', JSON.stringify(fieldNames)).replace('%PARAMS%', JSON.stringify(paramsJson));
}
