// The subset of OData $filter Acumatica clients use: eq ne gt ge lt le, and/or/not, parentheses,
// 'string', datetimeoffset'...', datetime'...', numbers, true/false/null. The query string is
// decoded like ASP.NET does ('+' becomes a space), so an unencoded '+' offset fails here just as
// it does against a real instance.

export type Literal =
  | { type: 'string'; value: string }
  | { type: 'datetime'; ms: number }
  | { type: 'number'; value: number }
  | { type: 'boolean'; value: boolean }
  | { type: 'null' };

export type CompareOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export type FilterExpr =
  | { kind: 'and' | 'or'; left: FilterExpr; right: FilterExpr }
  | { kind: 'not'; expr: FilterExpr }
  | { kind: 'compare'; field: string; op: CompareOp; value: Literal };

export class FilterSyntaxError extends Error {}

type Token =
  | { t: 'ident'; v: string }
  | { t: 'literal'; v: Literal }
  | { t: 'lparen' }
  | { t: 'rparen' };

const OPS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const ISO_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_LOCAL = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?)?$/;

export function parseFilter(source: string): FilterExpr {
  const tokens = tokenize(source);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const isWord = (word: string): boolean => {
    const t = peek();
    return t?.t === 'ident' && t.v.toLowerCase() === word;
  };

  const parseOr = (): FilterExpr => {
    let left = parseAnd();
    while (isWord('or')) {
      pos++;
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): FilterExpr => {
    let left = parseUnary();
    while (isWord('and')) {
      pos++;
      left = { kind: 'and', left, right: parseUnary() };
    }
    return left;
  };
  const parseUnary = (): FilterExpr => {
    const t = peek();
    if (isWord('not')) {
      pos++;
      return { kind: 'not', expr: parseUnary() };
    }
    if (t?.t === 'lparen') {
      pos++;
      const inner = parseOr();
      if (peek()?.t !== 'rparen') throw new FilterSyntaxError(`')' expected at position ${pos}`);
      pos++;
      return inner;
    }
    if (t?.t !== 'ident') throw new FilterSyntaxError(`a field name expected at position ${pos}`);
    pos++;
    const op = peek();
    if (op?.t !== 'ident' || !OPS.has(op.v.toLowerCase())) throw new FilterSyntaxError(`an operator expected after '${t.v}'`);
    pos++;
    const value = peek();
    if (value?.t !== 'literal') throw new FilterSyntaxError(`a literal expected after '${t.v} ${op.v}'`);
    pos++;
    return { kind: 'compare', field: t.v, op: op.v.toLowerCase() as CompareOp, value: value.v };
  };

  const expr = parseOr();
  if (pos !== tokens.length) throw new FilterSyntaxError(`unexpected input at token ${pos}`);
  return expr;
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source.charAt(i);
    if (c === ' ' || c === '\t') {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ t: c === '(' ? 'lparen' : 'rparen' });
      i++;
    } else if (c === "'") {
      const [value, next] = readQuoted(source, i);
      tokens.push({ t: 'literal', v: { type: 'string', value } });
      i = next;
    } else if (/[-0-9]/.test(c)) {
      const match = /^-?\d+(\.\d+)?[mMdD]?/.exec(source.slice(i));
      if (!match) throw new FilterSyntaxError(`bad number at ${i}`);
      tokens.push({ t: 'literal', v: { type: 'number', value: Number.parseFloat(match[0]) } });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z_][A-Za-z0-9_/]*/.exec(source.slice(i));
      const word = match?.[0] ?? c;
      i += word.length;
      const lower = word.toLowerCase();
      if ((lower === 'datetimeoffset' || lower === 'datetime') && source.charAt(i) === "'") {
        const [value, next] = readQuoted(source, i);
        i = next;
        const pattern = lower === 'datetimeoffset' ? ISO_OFFSET : ISO_LOCAL;
        const ms = Date.parse(lower === 'datetime' && !value.includes('T') ? `${value}T00:00:00Z` : value);
        if (!pattern.test(value) || Number.isNaN(ms)) throw new FilterSyntaxError(`'${value}' is not a valid ${lower} literal`);
        tokens.push({ t: 'literal', v: { type: 'datetime', ms } });
      } else if (lower === 'true' || lower === 'false') {
        tokens.push({ t: 'literal', v: { type: 'boolean', value: lower === 'true' } });
      } else if (lower === 'null') {
        tokens.push({ t: 'literal', v: { type: 'null' } });
      } else {
        tokens.push({ t: 'ident', v: word });
      }
    } else {
      throw new FilterSyntaxError(`unexpected character '${c}' at ${i}`);
    }
  }
  return tokens;
}

// A quoted literal starting at source[start] === "'"; '' inside is an escaped quote.
function readQuoted(source: string, start: number): [string, number] {
  let value = '';
  let i = start + 1;
  for (;;) {
    if (i >= source.length) throw new FilterSyntaxError('unterminated string literal');
    const c = source.charAt(i);
    if (c === "'") {
      if (source.charAt(i + 1) === "'") {
        value += "'";
        i += 2;
        continue;
      }
      return [value, i + 1];
    }
    value += c;
    i++;
  }
}

/** Field names the expression uses, to validate them against the entity before evaluating. */
export function filterFields(expr: FilterExpr): string[] {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return [...filterFields(expr.left), ...filterFields(expr.right)];
    case 'not':
      return filterFields(expr.expr);
    case 'compare':
      return [expr.field];
  }
}
