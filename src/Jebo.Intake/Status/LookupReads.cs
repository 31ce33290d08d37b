using System.Collections.Concurrent;
using System.Data.Common;
using Jebo.Intake.Receipts;
using Jebo.Storage;
using Jebo.Transfer.Receipts;

namespace Jebo.Intake.Status;

/// <summary>What a look-up reads for a receipt: the report's row (null when the receipt names none) and the
/// reporter's own copies of its newest follow-ups, newest first.</summary>
public sealed record LookupRow(
    Guid Id,
    byte[] LookupId,
    string Status,
    DateTimeOffset StatusUpdatedAt,
    byte[]? Messages,
    byte[]? Result,
    byte[]? Protection,
    byte[]? Reward,
    IReadOnlyList<byte[]> FollowUps
);

/// <summary>
/// The status look-up's one read, prepared once on connections kept for it: the report a receipt names, by its lookup
/// id or its registration, and the reporter's copies of its newest follow-ups, in one command (one round trip to
/// PostgreSQL). At most <see cref="Slots"/> run at once; a look-up waits for a free connection rather than opening
/// more.
/// </summary>
/// <remarks>
/// The look-up is the public zone's most frequent request, and the one anyone can make. Through EF Core each one took
/// a context from its pool, a connection from the driver's pool (a lock every request thread met), prepared its SQL
/// again and reset the context after; that was four fifths of a look-up's time against the same request refused
/// before any database (docs/benchmarks.md, "The look-up's own read"). Here the statements stay prepared on their
/// connection for its life. EF Core still defines and migrates the tables (<see cref="Data.IntakeDb"/>); the columns
/// read here are named in <see cref="Sql"/> alone, and a test reads every column both ways and compares.
/// Security: the same work for a known and an unknown receipt up to the answer (the follow-ups' statement runs for
/// both and finds nothing for a wrong receipt); SQLite connections read committed rows only (each statement sees the
/// last commit) and hold no snapshot between look-ups, so retention's checkpoint is never held up by them.
/// </remarks>
public sealed class LookupReads(IntakeOptions options) : IAsyncDisposable
{
    /// <summary>Connections kept for look-ups: two for each core, since a look-up is bound by the processor once its
    /// statements are prepared. Counted in PostgreSQL's connections per process (docs/operations.md).</summary>
    public static readonly int Slots = Math.Max(2, 2 * Environment.ProcessorCount);

    /// <summary>The rows either value names (one, nearly always; were a receipt both a portal report's and a registered
    /// one's, which only a forger holding casework's signing key could make, the portal report's row, indexed under the
    /// pepper, wins: <see cref="Reader.ReadAsync"/>), then the follow-ups of the row that wins.</summary>
    /// <remarks>The limit is written into the statement, not bound: SQLite prepares a statement again each time a
    /// parameter its plan depends on (a <c>LIMIT</c>'s) is bound (<c>sqlite3Reprepare</c>), which is every look-up; a
    /// profile showed a fifth of a look-up's time parsing and planning it again.</remarks>
    private static readonly string Sql = $$"""
        SELECT "Id", "LookupId", "Status", "StatusUpdatedAt", "Messages", "Result", "Protection", "Reward"
        FROM "reports" WHERE "LookupId" = @lookup OR "LookupId" = @registration;
        SELECT "ReporterCopy" FROM "follow_ups"
        WHERE "ReportId" = COALESCE(
            (SELECT "Id" FROM "reports" WHERE "LookupId" = @lookup),
            (SELECT "Id" FROM "reports" WHERE "LookupId" = @registration))
        AND "ReporterCopy" IS NOT NULL
        ORDER BY "ReceivedAt" DESC LIMIT {{StatusLookup.MaxFollowUps}}
        """;

    private readonly string connectionString = options.Database;
    private readonly ConcurrentBag<Reader> idle = [];
    private readonly SemaphoreSlim slots = new(Slots, Slots);
    private bool disposed;

    /// <summary>The row a receipt's lookup id or registration names, with the reporter's copies of its newest
    /// follow-ups (at most <see cref="StatusLookup.MaxFollowUps"/>); null when there is none.</summary>
    /// <remarks>A kept connection the database has since ended (PostgreSQL restarted, an administrator ended the
    /// session) fails once: the read is made again, once, on a new connection, since it changes nothing.</remarks>
    public async Task<LookupRow?> ReadAsync(byte[] lookupId, byte[] registration, CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (idle.TryTake(out var kept))
            {
                try
                {
                    return await ReadOnAsync(kept, lookupId, registration, cancellationToken);
                }
                catch (DbException) when (!cancellationToken.IsCancellationRequested)
                {
                    // Read again below, on a connection opened now; a second failure is the database's, and is thrown.
                }
            }

            var opened = await Reader.OpenAsync(connectionString, cancellationToken);
            return await ReadOnAsync(opened, lookupId, registration, cancellationToken);
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>Reads on one connection and keeps it for the next look-up; a read that failed or was cancelled leaves
    /// its connection in doubt, and it is closed.</summary>
    private async Task<LookupRow?> ReadOnAsync(
        Reader reader,
        byte[] lookupId,
        byte[] registration,
        CancellationToken cancellationToken
    )
    {
        LookupRow? row;
        try
        {
            row = await reader.ReadAsync(lookupId, registration, cancellationToken);
        }
        catch
        {
            await reader.DisposeAsync();
            throw;
        }

        if (disposed)
        {
            await reader.DisposeAsync();
        }
        else
        {
            idle.Add(reader);
        }

        return row;
    }

    public async ValueTask DisposeAsync()
    {
        disposed = true;
        while (idle.TryTake(out var reader))
        {
            await reader.DisposeAsync();
        }
    }

    /// <summary>One kept connection and its prepared command.</summary>
    private sealed class Reader(DbConnection connection, DbCommand command) : IAsyncDisposable
    {
        private readonly DbParameter lookup = command.Parameters[0];
        private readonly DbParameter registration = command.Parameters[1];

        public static async Task<Reader> OpenAsync(string connectionString, CancellationToken cancellationToken)
        {
            var connection = await DatabaseProvider.OpenAsync(connectionString, cancellationToken);
            try
            {
                var command = connection.CreateCommand();
                command.CommandText = Sql;
                Add(command, "@lookup", new byte[ReceiptKeys.LookupIdLength]);
                Add(command, "@registration", new byte[ReceiptDerivation.RegistrationLength]);
                await command.PrepareAsync(cancellationToken);
                return new Reader(connection, command);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }

        public async Task<LookupRow?> ReadAsync(
            byte[] lookupId,
            byte[] registrationId,
            CancellationToken cancellationToken
        )
        {
            lookup.Value = lookupId;
            registration.Value = registrationId;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                // The follow-ups' statement still runs, and finds nothing: a wrong receipt costs what a right one does.
                await reader.NextResultAsync(cancellationToken);
                return null;
            }

            var row = Row(reader);
            if (await reader.ReadAsync(cancellationToken) && !row.LookupId.AsSpan().SequenceEqual(lookupId))
            {
                row = Row(reader);
            }

            var followUps = new List<byte[]>();
            if (await reader.NextResultAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    followUps.Add(reader.GetFieldValue<byte[]>(0));
                }
            }

            return row with
            {
                FollowUps = followUps,
            };
        }

        private static LookupRow Row(DbDataReader reader) =>
            new(
                reader.GetGuid(0),
                reader.GetFieldValue<byte[]>(1),
                reader.GetString(2),
                UtcTimestamps.Read(reader, 3),
                Bytes(reader, 4),
                Bytes(reader, 5),
                Bytes(reader, 6),
                Bytes(reader, 7),
                []
            );

        public async ValueTask DisposeAsync()
        {
            await command.DisposeAsync();
            await connection.DisposeAsync();
        }

        private static byte[]? Bytes(DbDataReader reader, int ordinal) =>
            reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<byte[]>(ordinal);

        private static void Add(DbCommand command, string name, object value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
    }
}
