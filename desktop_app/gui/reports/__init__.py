"""The reports screen: choosing a report, forming it off the GUI thread, the PDF preview and printing."""
