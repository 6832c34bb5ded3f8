package io.crmsync.launcher.process;

/** JDBC URL building for a server URL that may carry parameters ({@code jdbc:postgresql://h:5432?ssl=true}). */
public final class JdbcUrls {

    private JdbcUrls() {
    }

    /** The URL of {@code database} on {@code server}, keeping the server's parameters after the path. */
    public static String withDatabase(String server, String database) {
        int query = server.indexOf('?');
        String base = query < 0 ? server : server.substring(0, query);
        String parameters = query < 0 ? "" : server.substring(query);
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + "/" + database + parameters;
    }
}
