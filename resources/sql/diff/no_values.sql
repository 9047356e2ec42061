SELECT {nulls} WHERE false
