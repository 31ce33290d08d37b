using System.Runtime.InteropServices;

namespace Jebo.Fuzzing;

/// <summary>Instrumented code writes its coverage to a map that AFL++ shares with it; run any other way (replaying or
/// gathering seeds from an instrumented build), it needs a map of its own or it writes through a null
/// pointer.</summary>
public static class CoverageMap
{
    /// <summary>The size of AFL's map, which SharpFuzz's instrumentation indexes.</summary>
    private const int MapSize = 1 << 16;

    public static unsafe void Discard() => SharpFuzz.Common.Trace.SharedMem = (byte*)NativeMemory.AllocZeroed(MapSize);
}
