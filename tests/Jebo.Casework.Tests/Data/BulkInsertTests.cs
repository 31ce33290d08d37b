using System.Data.Common;
using System.Reflection;
using Jebo.Casework.Data;
using Jebo.Storage;
using Jebo.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Jebo.Casework.Tests.Data;

/// <summary><see cref="BulkInsert"/> bypasses EF Core when writing, so it must store every column exactly as
/// <c>SaveChanges</c> would (value, and on SQLite storage class), or the rows it writes would read back differently,
/// compare differently in queries, or not be found by their key.</summary>
public sealed class BulkInsertTests
{
    /// <summary>Every entity type of <see cref="CaseworkDb"/> qualifies for BulkInsert, so every one is tried: none has
    /// a column the database fills (no identity, default or computed column; the integer keys are
    /// <c>ValueGeneratedNever</c>, and the Guid keys EF generates on add are made in the client) and none has shadow or
    /// owned parts.
    /// <see cref="Every_entity_type_of_the_model_is_tried_and_none_has_a_column_the_database_fills"/> keeps it
    /// so.</summary>
    [Theory]
    // What the report importer inserts in bulk now.
    [DatabaseProviders(typeof(CaseRecord))]
    [DatabaseProviders(typeof(ReportRecord))]
    [DatabaseProviders(typeof(ReporterIdentity))]
    [DatabaseProviders(typeof(FollowUpRecord))]
    [DatabaseProviders(typeof(AuditEntry))]
    // What screening inserts in bulk beside its rows: pairs of related cases (in different provinces, or
    // near-duplicates), and the features of follow-ups.
    [DatabaseProviders(typeof(CaseRelation))]
    [DatabaseProviders(typeof(FollowUpScreening))]
    // What it may insert in bulk soon.
    [DatabaseProviders(typeof(ReportScreening))]
    [DatabaseProviders(typeof(AttachmentRecord))]
    [DatabaseProviders(typeof(AttachmentChunkRecord))]
    // The rest of the model.
    [DatabaseProviders(typeof(Office))]
    [DatabaseProviders(typeof(StaffUser))]
    [DatabaseProviders(typeof(ApiToken))]
    [DatabaseProviders(typeof(AccountRequest))]
    [DatabaseProviders(typeof(PledgeText))]
    [DatabaseProviders(typeof(PledgeAcceptance))]
    [DatabaseProviders(typeof(CaseMessage))]
    [DatabaseProviders(typeof(ReporterContact))]
    [DatabaseProviders(typeof(CaseNote))]
    [DatabaseProviders(typeof(CaseDocument))]
    [DatabaseProviders(typeof(AuditCheckpoint))]
    [DatabaseProviders(typeof(InboundBundle))]
    [DatabaseProviders(typeof(QuarantinedBundle))]
    [DatabaseProviders(typeof(AcknowledgedGap))]
    [DatabaseProviders(typeof(OutboundStatusBundle))]
    [DatabaseProviders(typeof(PendingStatus))]
    [DatabaseProviders(typeof(CallbackSample))]
    [DatabaseProviders(typeof(SmsMessage))]
    [DatabaseProviders(typeof(CaseRetention))]
    [DatabaseProviders(typeof(SearchDocument))]
    [DatabaseProviders(typeof(RewardClaimRecord))]
    public Task A_bulk_inserted_row_reads_back_and_is_stored_exactly_as_SaveChanges_stores_it(
        string provider,
        Type entity
    ) =>
        (Task)
            typeof(BulkInsertTests)
                .GetMethod(nameof(RoundTripAsync), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(entity)
                .Invoke(null, [provider])!;

    [Theory]
    [DatabaseProviders]
    public async Task Every_entity_type_of_the_model_is_tried_and_none_has_a_column_the_database_fills(string provider)
    {
        var tried = typeof(BulkInsertTests)
            .GetMethod(nameof(A_bulk_inserted_row_reads_back_and_is_stored_exactly_as_SaveChanges_stores_it))!
            .GetCustomAttributes<DatabaseProvidersAttribute>()
            .Select(a => ((Type)a.Data[0]!).Name);
        await using var database = await ScratchDatabase.CreateAsync(provider);
        await using var db = database.Open();

        Assert.Equal(
            db.Model.GetEntityTypes().Select(e => e.ClrType.Name).Order(StringComparer.Ordinal),
            tried.Order(StringComparer.Ordinal)
        );
        Assert.All(db.Model.GetEntityTypes(), e =>
        {
            Assert.False(e.IsOwned(), e.Name);
            Assert.Empty(
                e.GetProperties()
                    .Where(p => p.IsShadowProperty() || FilledByDatabase(p))
                    .Select(p => $"{e.ClrType.Name}.{p.Name}")
            );
        });

        // And the migrated schema agrees: no column has a default, an identity or a generated value, but for one that
        // no entity maps: PostgreSQL's search_documents.Vector, the stored tsvector the full-text index is built on
        // (migration SearchVector). BulkInsert names its columns, so the database computes it from Terms as it
        // would for an INSERT, and nothing reads it back into an entity.
        var columns = await db
            .Database.SqlQueryRaw<string>(
                db.Database.IsSqlite()
                    ? "SELECT m.name || '.' || c.name || CASE WHEN c.dflt_value IS NOT NULL OR c.hidden <> 0 THEN ' is "
                        + "filled by the database' ELSE '' END AS \"Value\" FROM sqlite_master m JOIN "
                        + "pragma_table_xinfo(m.name) c WHERE m.type = 'table' "
                        + "AND m.sql NOT LIKE 'CREATE VIRTUAL TABLE%'"
                    : "SELECT table_name || '.' || column_name || CASE WHEN column_default IS NOT NULL OR is_identity "
                        + "= 'YES' OR is_generated <> 'NEVER' THEN ' is filled by the database' ELSE '' END AS "
                        + "\"Value\" FROM information_schema.columns WHERE table_schema = current_schema()"
            )
            .ToListAsync();
        Assert.Contains("audit_entries.Sequence", columns);
        if (db.Database.IsNpgsql())
        {
            Assert.Contains("search_documents.Vector is filled by the database", columns);
            columns.Remove("search_documents.Vector is filled by the database");
        }

        Assert.DoesNotContain(columns, c => c.EndsWith(" is filled by the database", StringComparison.Ordinal));
    }

    [Theory]
    [DatabaseProviders]
    public async Task Inserting_no_rows_writes_nothing(string provider)
    {
        await using var database = await ScratchDatabase.CreateAsync(provider);
        await using var db = database.Open();
        await using (var transaction = await WriteTransaction.BeginAsync(db, CancellationToken.None))
        {
            BulkInsert.Insert(db, Array.Empty<CaseRecord>());
            await transaction.CommitAsync();
        }

        Assert.Equal(0, await db.Cases.CountAsync());
    }

    [Theory]
    [DatabaseProviders]
    public async Task Inserting_outside_a_transaction_is_refused_and_writes_nothing(string provider)
    {
        await using var database = await ScratchDatabase.CreateAsync(provider);
        await using var db = database.Open();

        Assert.Throws<InvalidOperationException>(() => BulkInsert.Insert(db, [Case(1)]));
        Assert.Equal(0, await db.Cases.CountAsync());
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_duplicate_key_fails_the_insert_and_after_rollback_none_of_its_rows_remain(string provider)
    {
        await using var database = await ScratchDatabase.CreateAsync(provider);
        await using var db = database.Open();
        db.Cases.Add(Case(2));
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        await using (var transaction = await WriteTransaction.BeginAsync(db, CancellationToken.None))
        {
            var failure = Assert.ThrowsAny<DbException>(() => BulkInsert.Insert(db, [Case(1), Case(2), Case(3)]));
            Assert.True(
                failure
                    is SqliteException { SqliteErrorCode: 19 }
                        or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation },
                $"not a unique violation: {failure}"
            );
            await transaction.RollbackAsync();
        }

        Assert.Equal(new[] { Case(2).Id }, await db.Cases.Select(c => c.Id).ToListAsync());

        // The connection is left usable: the next insert on it goes through.
        await using (var transaction = await WriteTransaction.BeginAsync(db, CancellationToken.None))
        {
            BulkInsert.Insert(db, [Case(1), Case(3)]);
            await transaction.CommitAsync();
        }

        Assert.Equal(
            new[] { Case(1).Id, Case(2).Id, Case(3).Id },
            await db.Cases.Select(c => c.Id).OrderBy(id => id).ToListAsync()
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task Three_thousand_rows_all_arrive_each_with_its_own_values(string provider)
    {
        const int count = 3_000;
        await using var database = await ScratchDatabase.CreateAsync(provider);
        await using (var db = database.Open())
        {
            await using var transaction = await WriteTransaction.BeginAsync(db, CancellationToken.None);
            BulkInsert.Insert(db, Enumerable.Range(1, count).Select(Case).ToList());
            await transaction.CommitAsync();
        }

        await using (var db = database.Open())
        {
            var stored = await db.Cases.AsNoTracking().ToListAsync();
            Assert.Equal(count, stored.Count);
            Assert.All(stored, c =>
            {
                var expected = Case(c.Version);
                Assert.Equal(expected.Id, c.Id);
                Assert.Equal(expected.ReceivedAt, c.ReceivedAt);
                Assert.Equal(expected.ClosedAt, c.ClosedAt);
                Assert.Equal(expected.Result, c.Result);
                Assert.Equal(expected.Supervised, c.Supervised);
            });
        }
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_key_left_unset_that_SaveChanges_would_generate_is_refused_rather_than_stored_empty(
        string provider
    )
    {
        await using var database = await ScratchDatabase.CreateAsync(provider);
        await using var db = database.Open();
        var contact = new ReporterContact
        {
            Id = Guid.Empty,
            CaseId = "C-000001",
            Channel = "phone",
            Outcome = "reached",
            Actor = "inv",
            ActorOffice = "26380",
        };

        await using (var transaction = await WriteTransaction.BeginAsync(db, CancellationToken.None))
        {
            var refusal = Assert.Throws<InvalidOperationException>(() => BulkInsert.Insert(db, [contact]));
            Assert.Contains("ReporterContact.Id", refusal.Message, StringComparison.Ordinal);
        }

        Assert.Equal(0, await db.ReporterContacts.CountAsync());
        db.ReporterContacts.Add(contact);
        Assert.NotEqual(Guid.Empty, contact.Id);
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_text_longer_than_its_column_is_kept_whole_on_SQLite_and_refused_on_PostgreSQL_as_by_SaveChanges(
        string provider
    )
    {
        await using var database = await ScratchDatabase.CreateAsync(provider);
        await using var db = database.Open();
        var (saved, bulk) = (Case(1), Case(2));
        saved.Status = bulk.Status = new string('x', 33);

        await using (var transaction = await WriteTransaction.BeginAsync(db, CancellationToken.None))
        {
            db.Cases.Add(saved);
            if (provider == TestDatabases.PostgreSql)
            {
                Assert.Equal(
                    PostgresErrorCodes.StringDataRightTruncation,
                    Assert
                        .IsType<PostgresException>(
                            (await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync())).InnerException
                        )
                        .SqlState
                );
                await transaction.RollbackAsync();
                await using var again = await WriteTransaction.BeginAsync(db, CancellationToken.None);
                Assert.Equal(
                    PostgresErrorCodes.StringDataRightTruncation,
                    Assert.Throws<PostgresException>(() => BulkInsert.Insert(db, [bulk])).SqlState
                );
                return;
            }

            await db.SaveChangesAsync();
            BulkInsert.Insert(db, [bulk]);
            await transaction.CommitAsync();
        }

        Assert.Equal([33, 33], await db.Cases.AsNoTracking().Select(c => c.Status.Length).ToListAsync());
    }

    /// <summary>Case <paramref name="n"/>, its values varying with n (every other one without its optional values),
    /// and n kept in <see cref="CaseRecord.Version"/> to tell which row a value came back in.</summary>
    private static CaseRecord Case(int n) =>
        new()
        {
            Id = $"C-{n:D6}",
            Status = "received",
            OfficeCode = "26380",
            ReceivedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000 + n),
            UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000),
            ClosedAt = n % 2 == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000 - n),
            Result = n % 2 == 0 ? null : "결과 " + n,
            Supervised = n % 3 == 0,
            Version = n,
        };

    /// <summary>Inserts two rows differing only in their key (and unique columns), one by <c>SaveChanges</c> and one by
    /// BulkInsert in the same write transaction, and compares them read back through EF and as stored: once with every
    /// column set to an awkward value, once with every nullable column null and the rest at their emptiest or
    /// lowest.</summary>
    private static async Task RoundTripAsync<T>(string provider)
        where T : class
    {
        await using var database = await ScratchDatabase.CreateAsync(provider);
        await using (var db = database.Open())
        {
            // Start from an empty table: a migration may have brought rows (the first pledge text has key 1).
            await db.Set<T>().ExecuteDeleteAsync();
        }

        foreach (var full in new[] { true, false })
        {
            await using (var db = database.Open())
            {
                var entity = db.Model.FindEntityType(typeof(T))!;
                await using var transaction = await WriteTransaction.BeginAsync(db, CancellationToken.None);
                BulkInsert.Insert(db, [Row<T>(entity, Bulk, full)]);
                db.Add(Row<T>(entity, Saved, full));
                await db.SaveChangesAsync();
                await transaction.CommitAsync();
            }

            await using (var db = database.Open())
            {
                var entity = db.Model.FindEntityType(typeof(T))!;
                await AssertReadBackAlikeAsync<T>(db, entity, full);
                await AssertStoredAlikeAsync(db, entity, full);
                await db.Set<T>().ExecuteDeleteAsync();
            }
        }
    }

    private const int Saved = 1;
    private const int Bulk = 2;

    /// <summary>(a) Both rows are found by their key through EF and every other property reads back equal.</summary>
    private static async Task AssertReadBackAlikeAsync<T>(CaseworkDb db, IEntityType entity, bool full)
        where T : class
    {
        var saved = await db.FindAsync<T>(KeyValues(entity, Saved));
        var bulk = await db.FindAsync<T>(KeyValues(entity, Bulk));
        Assert.NotNull(saved);
        Assert.True(bulk is not null, $"the bulk-inserted {entity.ClrType.Name} is not found by its key");
        foreach (var property in entity.GetProperties())
        {
            if (Unique(property))
            {
                Assert.True(
                    Same(KeyValue(property, Saved), property.PropertyInfo!.GetValue(saved)),
                    $"{entity.ClrType.Name}.{property.Name} of the saved row"
                );
                Assert.True(
                    Same(KeyValue(property, Bulk), property.PropertyInfo.GetValue(bulk)),
                    $"{entity.ClrType.Name}.{property.Name} of the bulk row"
                );
                continue;
            }

            var expected = property.PropertyInfo!.GetValue(saved);
            var actual = property.PropertyInfo.GetValue(bulk);
            Assert.True(
                Same(expected, actual),
                $"{entity.ClrType.Name}.{property.Name}: SaveChanges read back {Show(expected)}, BulkInsert "
                    + $"{Show(actual)}"
            );
            Assert.True(
                full ? expected is not null : expected is null || !property.IsNullable,
                $"{entity.ClrType.Name}.{property.Name} read back {Show(expected)}: the test did not set it as meant"
            );
        }
    }

    /// <summary>(b) As stored: the table holds just the two rows (stricter than looking for them by key), and every
    /// column holds the same value in both, apart from the key; on SQLite also of the same storage class, so that a
    /// Guid stored as a BLOB or a number stored as TEXT is caught even where it would read back alike.</summary>
    private static async Task AssertStoredAlikeAsync(CaseworkDb db, IEntityType entity, bool full)
    {
        var table = entity.GetTableName()!;
        var keys = entity
            .GetProperties()
            .Where(Unique)
            .Select(p => p.GetColumnName())
            .ToHashSet(StringComparer.Ordinal);
        var columns = entity.GetProperties().Select(p => p.GetColumnName()).ToList();
        var sqlite = db.Database.IsSqlite();
        var typeOf = sqlite ? string.Concat(columns.Select(c => $", typeof({Delimited(db, c)})")) : "";

        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT *{typeOf} FROM {Delimited(db, table)}";
        var rows = new List<Dictionary<string, (object? Value, string? Class)>>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            var stars = reader.FieldCount - (sqlite ? columns.Count : 0);
            while (await reader.ReadAsync())
            {
                var row = new Dictionary<string, (object? Value, string? Class)>(StringComparer.Ordinal);
                for (var i = 0; i < stars; i++)
                {
                    var name = reader.GetName(i);
                    var index = columns.IndexOf(name);
                    row[name] = (
                        reader.IsDBNull(i) ? null : reader.GetValue(i),
                        sqlite && index >= 0 ? reader.GetString(stars + index) : null
                    );
                }

                rows.Add(row);
            }
        }

        Assert.Equal(2, rows.Count);
        // PostgreSQL's search_documents also holds the tsvector it generates from Terms, outside the model: it must be
        // the same whichever way the row was written.
        var generated = !sqlite && table == "search_documents" ? ["Vector"] : Array.Empty<string>();
        Assert.Equal(
            columns.Concat(generated).Order(StringComparer.Ordinal),
            rows[0].Keys.Order(StringComparer.Ordinal)
        );
        foreach (var (column, (value, storageClass)) in rows[0])
        {
            var (other, otherClass) = rows[1][column];
            var what =
                $"{table}.{column} stored {Show(value)} ({storageClass}) in one row and {Show(other)} ({otherClass}) "
                + $"in the other";
            Assert.True(storageClass == otherClass, what);
            Assert.True(keys.Contains(column) ? !Same(value, other) : Same(value, other), what);
            Assert.True(!full || (value is not null && other is not null), what);
        }
    }

    /// <summary>A row of <typeparamref name="T"/> with the key for <paramref name="ordinal"/> and every other property
    /// set as <paramref name="full"/> says. The other values depend only on the property, so two rows differ in their
    /// key (and unique columns) alone; properties of one type get different values (the n-th long is <c>long.MaxValue -
    /// n</c>), so a value written into its neighbour's column does not go unnoticed.</summary>
    private static T Row<T>(IEntityType entity, int ordinal, bool full)
        where T : class
    {
        var row = Activator.CreateInstance<T>();
        var ranks = new Dictionary<Type, int>();
        foreach (var property in entity.GetProperties())
        {
            if (Unique(property))
            {
                property.PropertyInfo!.SetValue(row, KeyValue(property, ordinal));
                continue;
            }

            var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
            var rank = ranks[type] = ranks.GetValueOrDefault(type, -1) + 1;
            property.PropertyInfo!.SetValue(row, full ? Awkward(property, type, rank) : Least(property, type, rank));
        }

        return row;
    }

    private static object[] KeyValues(IEntityType entity, int ordinal) =>
        [.. entity.FindPrimaryKey()!.Properties.Select(p => KeyValue(p, ordinal))];

    /// <summary>Whether the two rows must differ in the property: it is in the primary key or a unique index (a staff
    /// login, a token's hash, a month's draw position), so it takes its value from the row's ordinal like a
    /// key.</summary>
    private static bool Unique(IProperty property) =>
        property.IsPrimaryKey() || property.GetContainingIndexes().Any(i => i.IsUnique);

    private static object KeyValue(IProperty property, int ordinal) =>
        property.ClrType switch
        {
            var t when t == typeof(byte[]) => Enumerable.Repeat((byte)ordinal, 32).ToArray(),
            var t when t == typeof(string) => $"key-{ordinal}",
            var t when t == typeof(Guid) => new Guid(
                ordinal,
                0x2BCD,
                0x6F01,
                0x23,
                0x45,
                0x67,
                0x89,
                0xAB,
                0xCD,
                0xEF,
                0xFF
            ),
            var t when t == typeof(long) => (long)ordinal,
            var t when t == typeof(int) => ordinal,
            var t => throw new NotSupportedException(
                $"no test key of type {t.Name} ({property.DeclaringType.ClrType.Name}.{property.Name})"
            ),
        };

    /// <summary>Text that has tripped up encoders: Korean, an emoji outside the BMP, both quotes, a backslash and
    /// control characters other than NUL (which PostgreSQL's text refuses outright).</summary>
    private const string AwkwardText = "제보 🚨 \"quoted\" 'single' back\\slash\t\r\n\u0001\u001f\u007f é";

    private static readonly string LongText = new string('가', 40_000) + string.Concat(Enumerable.Repeat("🙂", 5_000));

    private static readonly TimeSpan[] Offsets =
    [
        TimeSpan.FromMinutes(345),
        TimeSpan.FromMinutes(-210),
        TimeSpan.FromHours(9),
        TimeSpan.FromHours(14),
        TimeSpan.FromHours(-12),
    ];

    private static object Awkward(IProperty property, Type type, int rank) =>
        type switch
        {
            var t when t == typeof(string) => Fit(
                $"{rank}·{AwkwardText}{(property.GetMaxLength() is null ? LongText : "")}",
                property.GetMaxLength()
            ),
            var t when t == typeof(long) => long.MaxValue - rank,
            var t when t == typeof(int) => int.MaxValue - rank,
            var t when t == typeof(bool) => rank % 2 == 0,
            // A fraction binary cannot write exactly: both must keep all 17 significant digits.
            var t when t == typeof(double) => Math.PI / (rank + 3),
            var t when t == typeof(Guid) => new Guid(
                rank,
                0x1234,
                0x5678,
                0x9A,
                0xBC,
                0xDE,
                0xF0,
                0xAB,
                0xCD,
                0xEF,
                0x01
            ),
            // Sub-millisecond and sub-microsecond ticks and an offset that is not UTC: EF turns it into what the
            // database keeps, and BulkInsert must turn it alike.
            var t when t == typeof(DateTimeOffset) => new DateTimeOffset(
                2026,
                11,
                28,
                23,
                59,
                59,
                Offsets[rank % Offsets.Length]
            ).AddTicks(1_234_567 + (rank * 10_000_003L)),
            var t when t == typeof(byte[]) => Bytes(1024 * 1024 + rank, rank),
            var t => throw new NotSupportedException(
                $"no test value of type {t.Name} ({property.DeclaringType.ClrType.Name}.{property.Name})"
            ),
        };

    /// <summary>Null where allowed, else the emptiest or lowest value: empty text and bytes, the minimum number, a
    /// time before 1970 (negative Unix milliseconds on SQLite).</summary>
    private static object? Least(IProperty property, Type type, int rank) =>
        property.IsNullable
            ? null
            : type switch
            {
                var t when t == typeof(string) => "",
                var t when t == typeof(long) => long.MinValue + rank,
                var t when t == typeof(int) => int.MinValue + rank,
                var t when t == typeof(bool) => rank % 2 != 0,
                var t when t == typeof(double) => -double.Epsilon * (rank + 1),
                var t when t == typeof(Guid) => Guid.Empty,
                var t when t == typeof(DateTimeOffset) => new DateTimeOffset(
                    1969,
                    12,
                    31,
                    23,
                    59,
                    59,
                    TimeSpan.FromHours(1)
                ).AddTicks(9_995 + rank),
                var t when t == typeof(byte[]) => Array.Empty<byte>(),
                var t => throw new NotSupportedException(
                    $"no test value of type {t.Name} ({property.DeclaringType.ClrType.Name}.{property.Name})"
                ),
            };

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>The text cut to the column's length, never between the halves of a surrogate pair.</summary>
    private static string Fit(string text, int? maxLength) =>
        maxLength is not { } max || text.Length <= max
            ? text
            : text[..(char.IsHighSurrogate(text[max - 1]) ? max - 1 : max)];

    private static bool Same(object? a, object? b) =>
        a switch
        {
            byte[] x => b is byte[] y && x.AsSpan().SequenceEqual(y),
            NpgsqlTypes.NpgsqlTsVector v => b is NpgsqlTypes.NpgsqlTsVector w && v.ToString() == w.ToString(),
            _ => Equals(a, b),
        };

    private static string Show(object? value) =>
        value switch
        {
            null => "null",
            byte[] bytes => $"{bytes.Length} bytes {Convert.ToHexString(bytes.AsSpan(0, Math.Min(8, bytes.Length)))}…",
            string text => $"\"{(text.Length > 40 ? text[..40] + "…" : text)}\" ({text.Length} chars)",
            IFormattable formattable =>
                $"{formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture)} "
                    + $"({value.GetType().Name})",
            _ => $"{value} ({value.GetType().Name})",
        };

    private static string Delimited(CaseworkDb db, string name) =>
        db.GetService<ISqlGenerationHelper>().DelimitIdentifier(name);

    private static bool FilledByDatabase(IProperty property) =>
        property.GetDefaultValueSql() is not null
        || property.GetComputedColumnSql() is not null
        || property.TryGetDefaultValue(out _)
        || (
            property.ValueGenerated != ValueGenerated.Never
            && !(property.IsPrimaryKey() && property.ClrType == typeof(Guid))
        );

    /// <summary>An empty, migrated casework database of its own for one test.</summary>
    private sealed class ScratchDatabase(string folder, TestDatabase database) : IAsyncDisposable
    {
        public static async Task<ScratchDatabase> CreateAsync(string provider)
        {
            var folder = Directory.CreateTempSubdirectory("jebo-bulk-").FullName;
            var scratch = new ScratchDatabase(folder, await TestDatabases.CreateAsync(provider, folder, "casework"));
            await using var db = scratch.Open();
            await db.Database.MigrateAsync();
            return scratch;
        }

        public CaseworkDb Open()
        {
            var options = new DbContextOptionsBuilder<CaseworkDb>();
            options.Use(database.ConnectionString);
            return new CaseworkDb(options.Options);
        }

        public async ValueTask DisposeAsync()
        {
            SqliteConnection.ClearAllPools();
            await database.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }
}
