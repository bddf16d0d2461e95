using System.Globalization;
using System.Text;

namespace Cohortly.Frontend.Infrastructure;

/// <summary>
/// Writes RFC 4180 CSV (CRLF line ends; a field with a comma, quote or line break is quoted, quotes doubled) straight to
/// a stream, so an export is never held in memory whole.
/// </summary>
public sealed class CsvWriter(Stream stream) : IAsyncDisposable
{
    private readonly StreamWriter _writer = new(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true)
    {
        NewLine = "\r\n",
    };

    public async Task WriteRowAsync(IEnumerable<string?> fields)
    {
        await _writer.WriteLineAsync(string.Join(',', fields.Select(Field)));
    }

    /// <summary>Text someone typed (a name, a title): guarded against formula injection as well as quoted.</summary>
    public static string Text(string value) =>
        // A spreadsheet runs a cell that starts with = + - @ (or a tab or CR before one) as a formula (OWASP "CSV
        // injection"); a leading apostrophe makes it plain text in Excel, LibreOffice and Google Sheets.
        value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal) ? "'" + value : value;

    public static string Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private static string Field(string? value)
    {
        value ??= "";
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
