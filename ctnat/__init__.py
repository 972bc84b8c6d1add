"""CT-NAT — Counter-trafficking Needs Assessment Tool.

A pipeline from what stakeholders said (interviews, e-surveys, validation
workshops) and the assessor's desk review to a scored country assessment report.
"""

__version__ = "0.1.0"
