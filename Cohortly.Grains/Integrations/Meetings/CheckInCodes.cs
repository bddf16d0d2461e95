using System.Security.Cryptography;
using System.Text;
using Cohortly.LiveClasses;

namespace Cohortly.Integrations.Meetings;

/// <summary>
/// The rotating check-in codes: HMAC-SHA256 of the session id and the number of the 20-second window, written in
/// <see cref="LiveClassRules.CodeAlphabet"/>. Nothing is stored: any silo with the key recomputes the codes, a code of
/// another session never matches, and one from two windows back has expired.
/// </summary>
public sealed class CheckInCodes(byte[] key)
{
    public CheckInCode Issue(string sessionId, DateTimeOffset now)
    {
        var window = WindowOf(now);
        return new CheckInCode(CodeFor(sessionId, window), DateTimeOffset.FromUnixTimeSeconds((window + 1) * PeriodSeconds));
    }

    /// <summary>The code showing now, or the one just before it (a student typing as the code turns).</summary>
    public bool Accepts(string sessionId, string typed, DateTimeOffset now)
    {
        var code = Encoding.ASCII.GetBytes(LiveClassRules.NormalizeCode(typed));
        var window = WindowOf(now);
        return code.Length == LiveClassRules.CodeLength
            && (Matches(sessionId, window, code) | Matches(sessionId, window - 1, code));
    }

    private static long PeriodSeconds => (long)LiveClassRules.CodePeriod.TotalSeconds;

    private static long WindowOf(DateTimeOffset now) => now.ToUnixTimeSeconds() / PeriodSeconds;

    private bool Matches(string sessionId, long window, byte[] code) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(CodeFor(sessionId, window)), code);

    private string CodeFor(string sessionId, long window)
    {
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"cohortly-checkin\n{sessionId}\n{window}"));
        var letters = new char[LiveClassRules.CodeLength];
        for (var i = 0; i < letters.Length; i++)
        {
            // 31 letters from a byte: a bias of under 1 in 8, irrelevant for a code valid 40 seconds.
            letters[i] = LiveClassRules.CodeAlphabet[mac[i] % LiveClassRules.CodeAlphabet.Length];
        }
        return new string(letters);
    }
}
