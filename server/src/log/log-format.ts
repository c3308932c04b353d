/** `pretty`: lines for a person at a terminal; `json`: one object a line, for machines and files. */
export type LogFormat = 'json' | 'pretty';

/** PAYLENS_LOG_FORMAT wins; unset, a terminal gets pretty lines and anything else JSON. */
export function logFormat(setting: LogFormat | undefined, stdoutIsTerminal: boolean): LogFormat {
  return setting ?? (stdoutIsTerminal ? 'pretty' : 'json');
}
