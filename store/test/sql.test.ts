import { describe, expect, it } from 'vitest';
import { ident, join, sql, typed, UNSAFE_raw } from '../src/sql.ts';

describe('sql tagged template', () => {
  it('turns every value into a numbered, typed parameter', () => {
    const query =
      sql`SELECT * FROM t WHERE a = ${'x'} AND b > ${3} AND c < ${1.5} AND d IN ${['p', 'q']}`.build();
    expect(query.text).toBe(
      'SELECT * FROM t WHERE a = {p_0:String} AND b > {p_1:Int64} AND c < {p_2:Float64} AND d IN {p_3:Array(String)}',
    );
    expect(query.params).toEqual({ p_0: 'x', p_1: 3, p_2: 1.5, p_3: ['p', 'q'] });
  });

  it('numbers parameters across nested fragments and joins', () => {
    const conditions = [sql`a = ${'1'}`, sql`b = ${'2'}`];
    const query = sql`SELECT ${typed('DateTime64(9)', '5')} WHERE ${join(conditions, ' AND ')}`.build();
    expect(query.text).toBe('SELECT {p_0:DateTime64(9)} WHERE a = {p_1:String} AND b = {p_2:String}');
    expect(query.params).toEqual({ p_0: '5', p_1: '1', p_2: '2' });
  });

  it('never places a value in the text, even one that looks like SQL', () => {
    const hostile = "x' OR 1=1 --";
    const query = sql`SELECT ${hostile}`.build();
    expect(query.text).not.toContain(hostile);
  });

  it('accepts identifiers only from the allow-list', () => {
    expect(sql`SELECT ${ident('ServiceName', ['ServiceName'])}`.build().text).toBe('SELECT `ServiceName`');
    expect(() => ident('x; DROP TABLE t', ['ServiceName'])).toThrow(/not allowed/);
    expect(sql`SELECT ${UNSAFE_raw('1')}`.build().text).toBe('SELECT 1');
  });
});
