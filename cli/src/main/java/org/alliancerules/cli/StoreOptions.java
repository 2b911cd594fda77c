package org.alliancerules.cli;

import org.alliancerules.store.Store;
import picocli.CommandLine.Option;

/** --db and --db-user, shared by the commands that use the store. The password comes from the environment. */
public class StoreOptions {

    /** The environment variable holding the database password (never on the command line). */
    static final String PASSWORD_VARIABLE = "ALLIANCE_DB_PASSWORD";

    @Option(names = "--db", paramLabel = "URL",
            description = "JDBC URL of the store (default: the embedded SQLite file ./alliance-data/alliance.db, "
                    + "jdbc:sqlite:FILE for another). "
                    + "PostgreSQL: jdbc:postgresql://HOST:5432/DB. The password is read from $" + PASSWORD_VARIABLE + ".")
    String url;

    @Option(names = "--db-user", paramLabel = "USER", description = "Database user (default: none; an SQLite file has none).")
    String user;

    String url() {
        return url == null ? Store.defaultUrl() : url;
    }

    /** Opens the store, creating and migrating it on first use. */
    Store open() {
        return Store.open(url(), user, System.getenv(PASSWORD_VARIABLE));
    }

    /** Opens a store that must already exist (an embedded file is not created by a reader). */
    Store openExisting() {
        return Store.openExisting(url(), user, System.getenv(PASSWORD_VARIABLE));
    }
}
