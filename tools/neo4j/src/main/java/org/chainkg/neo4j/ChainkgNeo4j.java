package org.chainkg.neo4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

import inet.ipaddr.IPAddressString;

/**
 * chainkg's local Neo4j Community server: the embedded DBMS with its Bolt
 * connector on 127.0.0.1, so the Python driver talks to it exactly as it would
 * to a packaged Neo4j server or Aura.
 *
 * <p>Usage: {@code ChainkgNeo4j [DATA_DIR [PORT]]}. Arguments win over the
 * environment: CHAINKG_NEO4J_DATA (default ".neo4j/data"), CHAINKG_NEO4J_PORT
 * (default 7687), NEO4J_PASSWORD (default "chainkg-test") for the user neo4j,
 * CHAINKG_NEO4J_PAGECACHE_MB (default 256). Prints
 * {@code chainkg-neo4j ready bolt://127.0.0.1:PORT} once the password is set
 * and Bolt accepts connections; stops the DBMS cleanly on SIGTERM or Ctrl-C.
 */
public final class ChainkgNeo4j {

    static final String USER = "neo4j";
    static final String DEFAULT_PASSWORD = "chainkg-test";
    static final int DEFAULT_PORT = 7687;
    static final long DEFAULT_PAGECACHE_MB = 256;
    static final String HOST = "127.0.0.1";

    private ChainkgNeo4j() {
    }

    /** Starts the DBMS, sets the password, announces readiness, then waits for shutdown. */
    public static void main(String[] args) throws InterruptedException, IOException {
        Path dataDir = Path.of(arg(args, 0, "CHAINKG_NEO4J_DATA", ".neo4j/data")).toAbsolutePath();
        int port = Integer.parseInt(arg(args, 1, "CHAINKG_NEO4J_PORT", String.valueOf(DEFAULT_PORT)));
        String password = env("NEO4J_PASSWORD", DEFAULT_PASSWORD);
        long pageCacheMb = Long.parseLong(env("CHAINKG_NEO4J_PAGECACHE_MB", String.valueOf(DEFAULT_PAGECACHE_MB)));

        PasswordSetup.seedFreshStore(dataDir, USER, password);
        DatabaseManagementService dbms = start(dataDir, port, pageCacheMb);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(dbms), "chainkg-neo4j-shutdown"));
        PasswordSetup.ensure(dbms, USER, password);
        System.out.println("chainkg-neo4j ready bolt://" + HOST + ":" + port);
        System.out.flush();
        // The DBMS threads are daemons in places; keep the JVM alive until a signal arrives.
        Thread.currentThread().join();
    }

    /**
     * Builds the DBMS: data under dataDir, Neo4j's own logs beside it, Bolt only, auth on.
     *
     * <p>LOAD CSV can neither read files (file URLs off, and the import folder is an empty
     * folder of its own rather than the whole disk) nor fetch URLs (every address is on the
     * blocklist): a query can read the graph and nothing else of the machine or the network.
     */
    static DatabaseManagementService start(Path dataDir, int port, long pageCacheMb) throws IOException {
        Path logsDir = dataDir.resolveSibling("logs");
        Path importDir = Files.createDirectories(dataDir.resolveSibling("import"));
        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(dataDir);
        // Further Neo4j settings from a neo4j.conf-style file; the settings below come after
        // it, so it cannot reopen what they close (file URLs, addresses, auth).
        String conf = env("CHAINKG_NEO4J_CONF", "");
        if (!conf.isBlank()) {
            builder.loadPropertiesFromFile(Path.of(conf));
        }
        return builder
                .setConfig(GraphDatabaseSettings.data_directory, dataDir)
                .setConfig(GraphDatabaseSettings.logs_directory, logsDir)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.allow_file_urls, false)
                .setConfig(GraphDatabaseSettings.load_csv_file_url_root, importDir)
                .setConfig(GraphDatabaseInternalSettings.cypher_ip_blocklist,
                        List.of(new IPAddressString("0.0.0.0/0"), new IPAddressString("::/0")))
                // The default is half of the machine's memory: far too much on a shared 2-core box.
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                // Connections are already closed when Netty stops; its default 5 s quiet period only delays `stop`.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                // No network beyond loopback here: do not try to phone home.
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .build();
    }

    static void stop(DatabaseManagementService dbms) {
        System.out.println("chainkg-neo4j stopping");
        dbms.shutdown();
        System.out.println("chainkg-neo4j stopped");
        System.out.flush();
    }

    private static String arg(String[] args, int index, String envName, String fallback) {
        return args.length > index ? args[index] : env(envName, fallback);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
