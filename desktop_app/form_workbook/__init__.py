"""Form definitions authored in Excel (in the spirit of ODK's XLSForm): write a form out, read a workbook back."""
