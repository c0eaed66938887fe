/**
 * Everything the bot says comes from prompts/*.json (reviewed text), never from code.
 * `{name}` placeholders are filled from vars; a missing key or variable is a bug and throws.
 */
export type Prompts = (key: string, vars?: Record<string, string | number>) => string;

export function createPrompts(...tables: Array<Record<string, string>>): Prompts {
  const all: Record<string, string> = Object.assign({}, ...tables);
  return (key, vars = {}) => {
    const text = all[key];
    if (text === undefined) throw new Error(`missing prompt: ${key}`);
    return text.replace(/\{(\w+)\}/g, (_, v: string) => {
      if (!(v in vars)) throw new Error(`prompt ${key} needs {${v}}`);
      return String(vars[v]);
    });
  };
}
