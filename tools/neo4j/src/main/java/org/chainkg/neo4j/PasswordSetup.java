package org.chainkg.neo4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.neo4j.configuration.Config;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.internal.kernel.api.connectioninfo.ClientConnectionInfo;
import org.neo4j.internal.kernel.api.security.AuthenticationResult;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import org.neo4j.kernel.api.security.AuthManager;
import org.neo4j.kernel.api.security.AuthToken;
import org.neo4j.kernel.impl.security.User;
import org.neo4j.kernel.internal.GraphDatabaseAPI;
import org.neo4j.logging.NullLogProvider;
import org.neo4j.memory.EmptyMemoryTracker;
import org.neo4j.server.security.SecureHasher;
import org.neo4j.server.security.SystemGraphCredential;
import org.neo4j.server.security.auth.CommunitySecurityModule;
import org.neo4j.server.security.auth.FileUserRepository;

/**
 * Makes user neo4j log in with the wanted password and no forced change.
 *
 * <p>A fresh DBMS creates neo4j/neo4j with a change required, unless an
 * initial-user file (data/dbms/auth.ini) exists; that file is what
 * {@code neo4j-admin dbms set-initial-password} writes, and {@link #seedFreshStore}
 * writes the same one before the first start, so the default password is never
 * live. On an existing store {@link #ensure} checks a login and only falls back
 * to {@code ALTER USER} (a Cypher query, slow when cold) when the password
 * differs, for example after NEO4J_PASSWORD changed.
 */
final class PasswordSetup {

    private PasswordSetup() {
    }

    /** Writes the initial-user file when the DBMS has never started in dataDir; otherwise does nothing. */
    static void seedFreshStore(Path dataDir, String user, String password) throws IOException {
        if (Files.exists(dataDir.resolve("databases").resolve(GraphDatabaseSettings.SYSTEM_DATABASE_NAME))) {
            return; // the system database already holds the users; the file would be ignored
        }
        Config config = Config.newBuilder()
                .set(GraphDatabaseSettings.neo4j_home, dataDir)
                .set(GraphDatabaseSettings.data_directory, dataDir)
                .build();
        Path authFile = CommunitySecurityModule.getInitialUserRepositoryFile(config);
        Files.createDirectories(authFile.getParent());
        Files.deleteIfExists(authFile);
        writeInitialUser(authFile, user, password);
    }

    private static void writeInitialUser(Path authFile, String user, String password) throws IOException {
        try (DefaultFileSystemAbstraction fs = new DefaultFileSystemAbstraction()) {
            FileUserRepository repository = new FileUserRepository(
                    fs, authFile, NullLogProvider.getInstance(), EmptyMemoryTracker.INSTANCE);
            repository.start();
            SystemGraphCredential credential = SystemGraphCredential.createCredentialForPassword(
                    password.getBytes(StandardCharsets.UTF_8), new SecureHasher());
            repository.create(new User(user, null, credential, false, false));
            repository.shutdown();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot write the initial user file " + authFile, e);
        }
    }

    /** After start: if the login does not simply succeed, sets the password through the system database. */
    static void ensure(DatabaseManagementService dbms, String user, String password) {
        GraphDatabaseAPI system = (GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        if (loginResult(system, user, password) == AuthenticationResult.SUCCESS) {
            return;
        }
        system.executeTransactionally(
                "ALTER USER " + user + " SET PLAINTEXT PASSWORD $password CHANGE NOT REQUIRED",
                Map.of("password", password));
    }

    private static AuthenticationResult loginResult(GraphDatabaseAPI system, String user, String password) {
        AuthManager authManager = system.getDependencyResolver().resolveDependency(AuthManager.class);
        try {
            return authManager.login(AuthToken.newBasicAuthToken(user, password), ClientConnectionInfo.EMBEDDED_CONNECTION)
                    .subject()
                    .getAuthenticationResult();
        } catch (Exception e) {
            return AuthenticationResult.FAILURE; // an unreadable token is as good as a wrong password here
        }
    }
}
