package io.crmsync.bench;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * PostgreSQL's own ways of moving {@code src} into {@code dst_base}, the yardsticks crmsync is measured against.
 * Each returns the rows it moved.
 */
final class Baselines {

    static final List<String> COLUMNS = List.of("id", "external_id", "email", "first_name", "last_name", "phone",
            "company", "title", "street", "city", "country_code", "lead_source", "status", "score",
            "annual_revenue", "created_at", "updated_at", "notes");

    private Baselines() {
    }

    /** A full load: {@code COPY src TO STDOUT (FORMAT binary)} piped straight into {@code COPY dst_base FROM STDIN}. */
    static long binaryCopyPipe(Connection from, Connection to) throws SQLException {
        return pipe(from, "src", to, "dst_base");
    }

    /**
     * An upsert of every row: the source piped by binary COPY into a temporary stage, then one
     * {@code INSERT ... SELECT ... ON CONFLICT (id) DO UPDATE} from it, in one transaction.
     */
    static long copyStageMerge(Connection from, Connection to) throws SQLException {
        to.setAutoCommit(false);
        try {
            BenchSchema.exec(to, "CREATE TEMP TABLE stage (LIKE src) ON COMMIT DROP");
            long rows = pipe(from, "src", to, "stage");
            String updates = COLUMNS.stream().filter(c -> !c.equals("id")).map(c -> c + " = EXCLUDED." + c)
                    .collect(Collectors.joining(", "));
            BenchSchema.exec(to, "INSERT INTO dst_base SELECT * FROM stage ON CONFLICT (id) DO UPDATE SET " + updates);
            to.commit();
            return rows;
        } finally {
            to.setAutoCommit(true);
        }
    }

    /** The naive way: read row by row, one auto-committed {@code INSERT ... ON CONFLICT DO UPDATE} per row. */
    static long naiveRowLoop(Connection from, Connection to, long limit) throws SQLException {
        String columns = String.join(", ", COLUMNS);
        String marks = COLUMNS.stream().map(c -> "?").collect(Collectors.joining(", "));
        String updates = COLUMNS.stream().filter(c -> !c.equals("id")).map(c -> c + " = EXCLUDED." + c)
                .collect(Collectors.joining(", "));
        from.setAutoCommit(false);
        long rows = 0;
        try (PreparedStatement read = from.prepareStatement("SELECT " + columns + " FROM src ORDER BY id LIMIT ?");
                PreparedStatement write = to.prepareStatement("INSERT INTO dst_base (" + columns + ") VALUES ("
                        + marks + ") ON CONFLICT (id) DO UPDATE SET " + updates)) {
            read.setFetchSize(1000);
            read.setLong(1, limit);
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    for (int i = 1; i <= COLUMNS.size(); i++) {
                        write.setObject(i, rs.getObject(i));
                    }
                    write.executeUpdate();
                    rows++;
                }
            }
            from.commit();
        } finally {
            from.setAutoCommit(true);
        }
        return rows;
    }

    private static long pipe(Connection from, String source, Connection to, String target) throws SQLException {
        CopyManager out = from.unwrap(PGConnection.class).getCopyAPI();
        CopyManager in = to.unwrap(PGConnection.class).getCopyAPI();
        try (PipedInputStream reader = new PipedInputStream(1 << 20);
                PipedOutputStream writer = new PipedOutputStream(reader)) {
            CompletableFuture<Long> copyOut = CompletableFuture.supplyAsync(() -> {
                try (writer) {
                    return out.copyOut("COPY " + source + " TO STDOUT (FORMAT binary)", writer);
                } catch (SQLException | IOException e) {
                    throw new IllegalStateException("COPY TO STDOUT failed: " + e.getMessage(), e);
                }
            });
            long rows = in.copyIn("COPY " + target + " FROM STDIN (FORMAT binary)", reader);
            copyOut.join();
            return rows;
        } catch (IOException e) {
            throw new SQLException("COPY pipe failed: " + e.getMessage(), e);
        }
    }
}
