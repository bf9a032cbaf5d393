package org.kyso.examples.cli;

import org.kyso.core.ValidationReport;

import eu.europa.esig.dss.validation.reports.Reports;

/** {@code validate --format etsi}: DSS's ETSI TS 119 102-2 validation report, as XML. */
final class EtsiReport {

    private EtsiReport() {
    }

    /**
     * The report's ETSI XML.
     *
     * @throws CliFailure when the file could not be validated at all: there is no ETSI report then
     */
    static String of(ValidationReport report) throws CliFailure {
        Object dss = report.dssReports().orElse(null);
        if (!(dss instanceof Reports reports)) {
            int code = ExitCode.of(report);
            throw new CliFailure(code == ExitCode.OK ? ExitCode.SOFTWARE : code,
                    report.file() + ": no ETSI validation report (" + report.verdict() + ")");
        }
        String xml = reports.getXmlValidationReport();
        return xml.endsWith("\n") ? xml : xml + "\n";
    }
}
