import { ApiProperty } from '@nestjs/swagger';

export class CriterionValueResponse {
  @ApiProperty({ example: 'JAZZ' })
  code: string;

  @ApiProperty({ example: 'Jazz' })
  label: string;

  @ApiProperty({ example: true, description: 'Inactive values stay readable on contacts but are no longer offered' })
  active: boolean;
}

export class CriterionResponse {
  @ApiProperty({ type: 'integer', example: 3 })
  id: number;

  @ApiProperty({ example: 'MUSIC_TASTE' })
  code: string;

  @ApiProperty({ example: 'Music taste' })
  label: string;

  @ApiProperty({ example: true })
  multiValued: boolean;

  @ApiProperty({ type: [CriterionValueResponse], description: 'Values sorted by code' })
  values: CriterionValueResponse[];
}
