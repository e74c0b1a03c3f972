import { csvCell, toCsv } from './csv';

describe('CSV export cells', () => {
  it.each([
    ['=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
    ['+39333', "'+39333"],
    ['-1+1', "'-1+1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['Rossi, Mario', '"Rossi, Mario"'],
    ['say "hi"', '"say ""hi"""'],
    ['riga1\nriga2', '"riga1\nriga2"'],
    ['Niccolò', 'Niccolò'],
    [null, ''],
    [42, '42'],
  ])('%j → %s', (input, out) => expect(csvCell(input)).toBe(out));

  it('writes rows with CRLF line ends', () => {
    expect(toCsv(['a', 'b'], [[1, '=x']])).toBe("a,b\r\n1,'=x\r\n");
  });
});
