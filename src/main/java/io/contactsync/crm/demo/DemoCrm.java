package io.contactsync.crm.demo;

import io.contactsync.crm.CrmException;
import io.contactsync.crm.jdbc.JdbcCrmSettings;
import org.h2.jdbcx.JdbcDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * The demo CRM: one {@code crm_contact} table in an H2 file (default {@value #DEFAULT_URL}), created when
 * missing, plus the small edits the demo makes "by hand" (change a field, flag a delete), each bumping
 * {@code updated_at} the way a real CRM would. Demo and tests only; never used against a real CRM.
 */
public final class DemoCrm {

    /** AUTO_SERVER lets outside tools (the demo, a SQL console, checks) write to it while the engine runs. */
    public static final String DEFAULT_URL = "jdbc:h2:file:./data/demo-crm;AUTO_SERVER=TRUE";
    public static final String TABLE = "crm_contact";
    /** H2 remembers the user that created a database file: everything that opens the demo CRM uses this one. */
    public static final String USER = "sa";
    /** The columns a demo edit may change. */
    public static final List<String> EDITABLE_COLUMNS = List.of("email", "first_name", "last_name", "company",
            "job_title", "phone", "city", "country", "tier", "email_opt_out");

    static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS crm_contact ("
            + "id VARCHAR(64) PRIMARY KEY, email VARCHAR(255), first_name VARCHAR(100), last_name VARCHAR(100), "
            + "company VARCHAR(255), job_title VARCHAR(100), phone VARCHAR(50), city VARCHAR(100), "
            + "country VARCHAR(100), tier VARCHAR(50), email_opt_out BOOLEAN DEFAULT FALSE, "
            + "deleted BOOLEAN DEFAULT FALSE, updated_at TIMESTAMP WITH TIME ZONE NOT NULL)";
    static final String CREATE_INDEX =
            "CREATE INDEX IF NOT EXISTS crm_contact_updated_at_id ON crm_contact (updated_at, id)";
    /**
     * The e-mail in lower case, kept by the database, and its index: H2 has no index on an expression such as
     * {@code LOWER(email)}, and the connector's e-mail look-ups (one set per page of a pull) use this column when
     * the table has it ({@code EmailKey}); without it each look-up scans the table. Added to older demo files too.
     */
    static final String ADD_EMAIL_LOWER =
            "ALTER TABLE crm_contact ADD COLUMN IF NOT EXISTS email_lower VARCHAR(255) GENERATED ALWAYS AS (LOWER(email))";
    /** PostgreSQL (the connector suites run the demo table there too) only has stored generated columns. */
    private static final String STORED = " STORED";
    static final String CREATE_EMAIL_INDEX =
            "CREATE INDEX IF NOT EXISTS crm_contact_email_lower ON crm_contact (email_lower)";

    private final DataSource dataSource;
    private final Clock clock;

    public DemoCrm(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** A plain (unpooled) H2 data source for {@code url}, e.g. {@link #DEFAULT_URL}. */
    public static DataSource h2(String url) {
        // The demo CRM's AUTO_SERVER must listen on loopback only; H2 reads this once, when it first loads.
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser(USER);
        ds.setPassword("");
        return ds;
    }

    /** Connector settings for the demo CRM at {@code url}: the defaults fit its table. */
    public static JdbcCrmSettings connectorSettings(String url) {
        return JdbcCrmSettings.of(url, USER, "");
    }

    /**
     * Creates the table, its {@code (updated_at, id)} index and the indexed lower-case e-mail column when missing;
     * true when the table was created now.
     */
    public boolean createTableIfMissing() {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            boolean existed = exists(c);
            st.execute(CREATE_TABLE);
            st.execute(CREATE_INDEX);
            boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
            st.execute(postgres ? ADD_EMAIL_LOWER + STORED : ADD_EMAIL_LOWER);
            st.execute(CREATE_EMAIL_INDEX);
            return !existed;
        } catch (SQLException e) {
            throw new CrmException("demo CRM: cannot create table " + TABLE + ": " + e.getMessage(), e);
        }
    }

    /** Number of rows, deleted ones included. */
    public long count() {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + TABLE)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new CrmException("demo CRM: cannot count rows: " + e.getMessage(), e);
        }
    }

    /**
     * Sets one column of one contact, as a CRM user would, and bumps its {@code updated_at}.
     *
     * @param column one of {@link #EDITABLE_COLUMNS}
     * @param value  a String, or a Boolean for {@code email_opt_out}; null clears the column
     * @return the new {@code updated_at}
     */
    public Instant edit(String id, String column, Object value) {
        if (!EDITABLE_COLUMNS.contains(column)) {
            throw new IllegalArgumentException("not an editable demo column: " + column + "; one of " + EDITABLE_COLUMNS);
        }
        return update(id, "UPDATE " + TABLE + " SET " + column + " = ?, updated_at = ? WHERE id = ?", value);
    }

    /** Flags one contact as deleted (soft delete) and bumps its {@code updated_at}; returns the new value. */
    public Instant delete(String id) {
        return update(id, "UPDATE " + TABLE + " SET deleted = ?, updated_at = ? WHERE id = ?", Boolean.TRUE);
    }

    private Instant update(String id, String sql, Object value) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            c.setAutoCommit(true);
            ps.setObject(1, value);
            ps.setObject(2, now.atOffset(ZoneOffset.UTC));
            ps.setString(3, id);
            if (ps.executeUpdate() != 1) {
                throw new CrmException("demo CRM: no contact with id '" + id + "'");
            }
            return now;
        } catch (SQLException e) {
            throw new CrmException("demo CRM: cannot update contact '" + id + "': " + e.getMessage(), e);
        }
    }

    private static boolean exists(Connection c) throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                if (TABLE.equalsIgnoreCase(rs.getString("TABLE_NAME"))) {
                    return true;
                }
            }
        }
        return false;
    }
}
