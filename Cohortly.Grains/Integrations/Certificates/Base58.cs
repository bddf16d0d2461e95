using System.Numerics;
using System.Text;

namespace Cohortly.Integrations.Certificates;

/// <summary>Base58 in the Bitcoin alphabet: the "z" multibase encoding of did:key identifiers and Data Integrity proof values.</summary>
public static class Base58
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var number = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        var builder = new StringBuilder();
        while (number > 0)
        {
            number = BigInteger.DivRem(number, 58, out var remainder);
            builder.Insert(0, Alphabet[(int)remainder]);
        }
        foreach (var b in bytes)
        {
            if (b != 0)
            {
                break;
            }
            builder.Insert(0, '1');
        }
        return builder.ToString();
    }

    /// <summary>Null when <paramref name="text"/> has a character outside the alphabet.</summary>
    public static byte[]? Decode(string text)
    {
        BigInteger number = 0;
        foreach (var c in text)
        {
            var digit = Alphabet.IndexOf(c);
            if (digit < 0)
            {
                return null;
            }
            number = number * 58 + digit;
        }
        var body = number.IsZero ? [] : number.ToByteArray(isUnsigned: true, isBigEndian: true);
        var zeros = text.TakeWhile(c => c == '1').Count();
        return [.. new byte[zeros], .. body];
    }
}
