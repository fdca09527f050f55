print("scrollvault: the command line is not written yet")
