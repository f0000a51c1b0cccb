"""The Textual face of somekoulutus: a thin layer over the domain."""
