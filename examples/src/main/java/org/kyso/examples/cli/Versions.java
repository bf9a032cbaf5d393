package org.kyso.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import picocli.CommandLine.IVersionProvider;

/** {@code kyso --version}: KySo's version and the EU DSS version it runs on, filtered in at build time. */
final class Versions implements IVersionProvider {

    @Override
    public String[] getVersion() {
        Properties properties = load();
        return new String[] {
                "kyso " + properties.getProperty("kyso.version", "unknown"),
                "EU DSS " + properties.getProperty("dss.version", "unknown")
                        + ", Java " + System.getProperty("java.version")
                        + " (" + System.getProperty("java.vendor") + ")"
        };
    }

    static String kysoVersion() {
        return load().getProperty("kyso.version", "unknown");
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // a jar without the file still runs; the version is then "unknown"
        }
        return properties;
    }
}
