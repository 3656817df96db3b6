"""Ten Steps web app: a guide of ten steps to work, for job seekers, coaches, editors and analysts."""
