CREATE TABLE {{target}} (
  {{definitions}}
);
